/**
 * Renders nothing until Zendesk has registered the app (`app.registered`), then gives every
 * component the client, the location and the parsed installation settings. `client.context()`
 * and `client.metadata()` resolve on `app.registered` (or at once if it already happened), so
 * there is no race with the SDK's handshake.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { parseSettings, type ParsedSettings } from '../../shared/settings.ts';
import type { ZafClient } from './types.ts';

export interface Registration extends ParsedSettings {
  client: ZafClient;
  location: string;
}

const RegistrationContext = createContext<Registration | null>(null);

export function ClientProvider({ client, children }: { client: ZafClient; children: ReactNode }) {
  const [registration, setRegistration] = useState<Registration | null>(null);

  useEffect(() => {
    let alive = true;
    Promise.all([client.context(), client.metadata()])
      .then(([context, metadata]) => {
        if (!alive) return;
        setRegistration({ client, location: String(context?.location ?? ''), ...parseSettings(metadata?.settings ?? {}) });
      })
      .catch(() => {
        if (alive) setRegistration({ client, location: '', ...parseSettings({}) });
      });
    return () => {
      alive = false;
    };
  }, [client]);

  if (!registration) return null;
  return <RegistrationContext.Provider value={registration}>{children}</RegistrationContext.Provider>;
}

export function useRegistration(): Registration {
  const registration = useContext(RegistrationContext);
  if (!registration) throw new Error('useRegistration must be used inside <ClientProvider>');
  return registration;
}
