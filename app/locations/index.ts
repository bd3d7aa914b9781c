/**
 * Which component each manifest location renders. The sidebars are in the first bundle; the
 * service dashboard (nav_bar, with its charts) and today's summary (top_bar) load only in their
 * own locations, so the sidebar's bundle does not carry them.
 */
import { lazy, type ComponentType } from 'react';
import { OrganizationSidebar } from './OrganizationSidebar.tsx';
import { TicketSidebar } from './TicketSidebar.tsx';
import { UserSidebar } from './UserSidebar.tsx';

export const LOCATIONS: Readonly<Record<string, ComponentType>> = {
  ticket_sidebar: TicketSidebar,
  user_sidebar: UserSidebar,
  organization_sidebar: OrganizationSidebar,
  nav_bar: lazy(() => import('./ServiceDashboard.tsx')),
  top_bar: lazy(() => import('./TodaySummaryBar.tsx')),
};
