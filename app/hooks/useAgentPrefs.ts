/** The agent's language and colour scheme, which every location reports from its batched get. */
import { createContext, useContext } from 'react';

export interface AgentPrefs {
  setLocale(locale: string | null): void;
  setColorScheme(scheme: 'light' | 'dark' | null): void;
}

export const AgentPrefsContext = createContext<AgentPrefs>({ setLocale: () => {}, setColorScheme: () => {} });

export function useAgentPrefs(): AgentPrefs {
  return useContext(AgentPrefsContext);
}
