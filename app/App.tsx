/**
 * The root: Garden theme (light or dark, following Zendesk), the agent's language, the
 * registration gate, the component for this location, and iframe auto-resize.
 */
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import styled from 'styled-components';
import { DEFAULT_THEME, ThemeProvider, getColor, type IGardenTheme } from '@zendeskgarden/react-theming';
import { NotInZendesk } from './components/NotInZendesk.tsx';
import { toColorScheme } from './data/ticket.ts';
import { AgentPrefsContext, type AgentPrefs } from './hooks/useAgentPrefs.ts';
import { useAutoResize } from './hooks/useAutoResize.ts';
import { createTranslator, I18nContext, resolveLocale } from './i18n.ts';
import { LOCATIONS } from './locations/index.ts';
import { ClientProvider, useRegistration } from './zaf/ClientProvider.tsx';
import type { ZafClient } from './zaf/types.ts';

export type ColorScheme = 'light' | 'dark';

/** Zendesk passes `colorScheme=light|dark` in the iframe URL, before ZAF is up. */
export function colorSchemeFromUrl(search: string): ColorScheme {
  return toColorScheme(new URLSearchParams(search).get('colorScheme')) ?? 'light';
}

export function gardenTheme(scheme: ColorScheme): IGardenTheme {
  return { ...DEFAULT_THEME, colors: { ...DEFAULT_THEME.colors, base: scheme } };
}

const Root = styled.main`
  box-sizing: border-box;
  padding: ${(p) => p.theme.space.xs} ${(p) => p.theme.space.sm};
  background: ${(p) => getColor({ theme: p.theme, variable: 'background.default' })};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.default' })};
  font-family: ${(p) => p.theme.fonts.system};
  font-size: ${(p) => p.theme.fontSizes.md};
  min-height: 40px;
`;

export function App({ client, initialColorScheme = 'light', initialLocale = 'en' }: { client: ZafClient | null; initialColorScheme?: ColorScheme; initialLocale?: string }) {
  const [colorScheme, setColorScheme] = useState<ColorScheme>(initialColorScheme);
  const [agentLocale, setAgentLocale] = useState<string>(initialLocale);
  const root = useRef<HTMLElement>(null);
  useAutoResize(client, root);

  const prefs = useMemo<AgentPrefs>(
    () => ({
      setLocale: (locale) => locale && setAgentLocale(locale),
      setColorScheme: (scheme) => scheme && setColorScheme(scheme),
    }),
    [],
  );

  useEffect(() => {
    if (!client) return;
    // Zendesk fires `colorScheme` with the new scheme when the agent switches light/dark.
    const onScheme = (value: unknown) => prefs.setColorScheme(toColorScheme(value));
    // Not a documented ZAF event (Zendesk reloads apps when an agent changes language); every
    // refresh re-reads `currentUser.locale`, and a host that fires this switches at once.
    const onLocale = (value: unknown) => prefs.setLocale(typeof value === 'string' ? value : null);
    client.on('colorScheme', onScheme);
    client.on('currentUser.locale.changed', onLocale);
    return () => {
      client.off('colorScheme', onScheme);
      client.off('currentUser.locale.changed', onLocale);
    };
  }, [client, prefs]);

  const theme = useMemo(() => gardenTheme(colorScheme), [colorScheme]);
  const translator = useMemo(() => createTranslator(resolveLocale(agentLocale)), [agentLocale]);

  return (
    <ThemeProvider theme={theme}>
      <I18nContext.Provider value={translator}>
        <AgentPrefsContext.Provider value={prefs}>
          <Root ref={root} data-color-scheme={colorScheme} lang={translator.locale}>
            {client ? (
              <ClientProvider client={client}>
                <Location />
              </ClientProvider>
            ) : (
              <NotInZendesk />
            )}
          </Root>
        </AgentPrefsContext.Provider>
      </I18nContext.Provider>
    </ThemeProvider>
  );
}

function Location() {
  const { location } = useRegistration();
  const Component = LOCATIONS[location];
  return Component ? (
    <Suspense fallback={null}>
      <Component />
    </Suspense>
  ) : null;
}
