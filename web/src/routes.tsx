import type { FunctionComponent } from 'preact';
import { About } from './pages/About.js';
import { Account } from './pages/Account.js';
import { Activity } from './pages/Activity.js';
import { ApiKeys } from './pages/ApiKeys.js';
import { ChannelEditor } from './pages/ChannelEditor.js';
import { Channels } from './pages/Channels.js';
import { CheckEditor } from './pages/CheckEditor.js';
import { Checks } from './pages/Checks.js';
import { Deliveries } from './pages/Deliveries.js';
import { GroupEditor } from './pages/GroupEditor.js';
import { Groups } from './pages/Groups.js';
import { MessageView } from './pages/MessageView.js';
import { RecentActivity } from './pages/RecentActivity.js';
import { Settings } from './pages/Settings.js';
import { Unmatched } from './pages/Unmatched.js';
import { Users } from './pages/Users.js';

/** `everyGroup`: shown only to those who see every group (what it lists belongs to no group). */
type Route = { path: string; page: FunctionComponent<{ params: Record<string, string> }>; label?: string; admin?: boolean; everyGroup?: boolean };

/** Every page, in the order the navigation shows those with a label. */
export const ROUTES: Route[] = [
  { path: '/', page: RecentActivity, label: 'Recent Activity' },
  { path: '/checks', page: Checks, label: 'Checks' },
  { path: '/checks/new', page: CheckEditor },
  { path: '/checks/:id', page: CheckEditor },
  { path: '/groups', page: Groups, label: 'Groups', admin: true },
  { path: '/groups/:id', page: GroupEditor },
  { path: '/activity', page: Activity, label: 'Activity' },
  { path: '/messages/:id', page: MessageView },
  { path: '/unmatched', page: Unmatched, label: 'Unmatched', everyGroup: true },
  { path: '/channels', page: Channels, label: 'Channels' },
  { path: '/channels/new', page: ChannelEditor },
  { path: '/channels/:id', page: ChannelEditor },
  { path: '/deliveries', page: Deliveries, label: 'Deliveries' },
  { path: '/settings', page: Settings, label: 'Settings', admin: true },
  { path: '/apikeys', page: ApiKeys, label: 'API keys', admin: true },
  { path: '/users', page: Users, label: 'Users', admin: true },
  { path: '/account', page: Account },
  { path: '/about', page: About },
];
