/** Which component each manifest location renders. */
import type { ComponentType } from 'react';
import { OrganizationSidebar } from './OrganizationSidebar.tsx';
import { TicketSidebar } from './TicketSidebar.tsx';
import { UserSidebar } from './UserSidebar.tsx';

export const LOCATIONS: Readonly<Record<string, ComponentType>> = {
  ticket_sidebar: TicketSidebar,
  user_sidebar: UserSidebar,
  organization_sidebar: OrganizationSidebar,
};
