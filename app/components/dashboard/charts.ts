/**
 * Chart.js, registered with only the pieces the dashboard draws (radar, line, bar), so the rest
 * of the library stays out of the bundle; and the colours per tier for light and dark.
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, RadarController, RadialLinearScale, Tooltip } from 'chart.js';
import styled from 'styled-components';
import type { Tier } from '../../../shared/domain.ts';

Chart.register(RadarController, LineController, BarController, RadialLinearScale, LinearScale, CategoryScale, PointElement, LineElement, BarElement, Filler, Tooltip, Legend);

export type Scheme = 'light' | 'dark';

const TIER_COLOURS: Record<Scheme, Record<Tier, string>> = {
  light: { core: '#1f73b7', potential: '#038153', basic: '#ad5918' },
  dark: { core: '#5ea9e6', potential: '#26bb7b', basic: '#f79a3e' },
};

export function tierColour(tier: Tier, scheme: Scheme): string {
  return TIER_COLOURS[scheme][tier];
}

/** Text and grid colours that read on Zendesk's light and dark backgrounds. */
export function chartInk(scheme: Scheme): { text: string; grid: string } {
  return scheme === 'dark' ? { text: '#d8dcde', grid: 'rgba(216, 220, 222, 0.25)' } : { text: '#2f3941', grid: 'rgba(47, 57, 65, 0.15)' };
}

/** `#1f73b7` -> `rgba(31, 115, 183, 0.2)`: the fill under a radar line. */
export function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Chart.js sizes a responsive chart from its parent: a relative box of fixed height. */
export const ChartBox = styled.div<{ $height: number }>`
  position: relative;
  height: ${(p) => p.$height}px;
  width: 100%;
`;
