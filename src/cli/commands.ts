// The explicit command map (oclif "explicit" discovery): id → class. Bundled statically, so no
// filesystem scan and no manifest are needed at run time. Register new commands here.
import type { Command } from '@oclif/core';
import BrokerCreate from '../commands/broker/create.js';
import BrokerDelete from '../commands/broker/delete.js';
import BrokerDescribe from '../commands/broker/describe.js';
import BrokerList from '../commands/broker/list.js';
import BrokerUpdate from '../commands/broker/update.js';
import ChannelCreate from '../commands/channel/create.js';
import ChannelDelete from '../commands/channel/delete.js';
import ChannelDescribe from '../commands/channel/describe.js';
import ChannelList from '../commands/channel/list.js';
import ChannelListTypes from '../commands/channel/list-types.js';
import SourceList from '../commands/source/list.js';
import SourceListTypes from '../commands/source/list-types.js';
import PingCreate from '../commands/source/ping/create.js';
import PingDelete from '../commands/source/ping/delete.js';
import PingDescribe from '../commands/source/ping/describe.js';
import PingList from '../commands/source/ping/list.js';
import PingUpdate from '../commands/source/ping/update.js';
import SubscriptionCreate from '../commands/subscription/create.js';
import SubscriptionDelete from '../commands/subscription/delete.js';
import SubscriptionDescribe from '../commands/subscription/describe.js';
import SubscriptionList from '../commands/subscription/list.js';
import SubscriptionUpdate from '../commands/subscription/update.js';
import TriggerCreate from '../commands/trigger/create.js';
import TriggerDelete from '../commands/trigger/delete.js';
import TriggerDescribe from '../commands/trigger/describe.js';
import TriggerList from '../commands/trigger/list.js';
import TriggerUpdate from '../commands/trigger/update.js';
import Completion from '../commands/completion.js';
import Options from '../commands/options.js';
import QuickstartLocal from '../commands/quickstart/local.js';
import RevisionDelete from '../commands/revision/delete.js';
import RevisionDescribe from '../commands/revision/describe.js';
import RevisionList from '../commands/revision/list.js';
import RouteDescribe from '../commands/route/describe.js';
import RouteList from '../commands/route/list.js';
import ServiceApply from '../commands/service/apply.js';
import ServiceCreate from '../commands/service/create.js';
import ServiceDelete from '../commands/service/delete.js';
import ServiceDescribe from '../commands/service/describe.js';
import ServiceExport from '../commands/service/export.js';
import ServiceList from '../commands/service/list.js';
import ServiceUpdate from '../commands/service/update.js';
import Version from '../commands/version.js';

/** Every built-in command by oclif id (topic words joined by ':'). */
export const COMMANDS: Record<string, Command.Class> = {
  'broker:create': BrokerCreate,
  'broker:delete': BrokerDelete,
  'broker:describe': BrokerDescribe,
  'broker:list': BrokerList,
  'broker:update': BrokerUpdate,
  'channel:create': ChannelCreate,
  'channel:delete': ChannelDelete,
  'channel:describe': ChannelDescribe,
  'channel:list': ChannelList,
  'channel:list-types': ChannelListTypes,
  'source:list': SourceList,
  'source:list-types': SourceListTypes,
  'source:ping:create': PingCreate,
  'source:ping:delete': PingDelete,
  'source:ping:describe': PingDescribe,
  'source:ping:list': PingList,
  'source:ping:update': PingUpdate,
  'subscription:create': SubscriptionCreate,
  'subscription:delete': SubscriptionDelete,
  'subscription:describe': SubscriptionDescribe,
  'subscription:list': SubscriptionList,
  'subscription:update': SubscriptionUpdate,
  'trigger:create': TriggerCreate,
  'trigger:delete': TriggerDelete,
  'trigger:describe': TriggerDescribe,
  'trigger:list': TriggerList,
  'trigger:update': TriggerUpdate,
  completion: Completion,
  options: Options,
  'quickstart:local': QuickstartLocal,
  'revision:delete': RevisionDelete,
  'revision:describe': RevisionDescribe,
  'revision:list': RevisionList,
  'route:describe': RouteDescribe,
  'route:list': RouteList,
  'service:apply': ServiceApply,
  'service:create': ServiceCreate,
  'service:delete': ServiceDelete,
  'service:describe': ServiceDescribe,
  'service:export': ServiceExport,
  'service:list': ServiceList,
  'service:update': ServiceUpdate,
  version: Version,
};
