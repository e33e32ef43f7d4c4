// The explicit command map (oclif "explicit" discovery): id → class. Bundled statically, so no
// filesystem scan and no manifest are needed at run time. Register new commands here.
import type { Command } from '@oclif/core';
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
