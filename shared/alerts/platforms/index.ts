/** The five platforms' adapters, by platform name. */
import type { Platform } from '../destinations.ts';
import { dingtalk } from './dingtalk.ts';
import { feishu } from './feishu.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import type { PlatformAdapter } from './types.ts';
import { wecom } from './wecom.ts';

export const ADAPTERS: Record<Platform, PlatformAdapter> = { wecom, dingtalk, feishu, slack, teams };

export type { PlatformAdapter, PlatformAnswer, SendOutcome } from './types.ts';
