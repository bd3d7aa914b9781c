/** Entry point: connect to Zendesk (or explain that we are not inside it) and render. */
import { createRoot } from 'react-dom/client';
import { App, colorSchemeFromUrl } from './App.tsx';
import { initClient } from './zaf/client.ts';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(<App client={initClient()} initialColorScheme={colorSchemeFromUrl(window.location.search)} initialLocale={navigator.language} />);
}
