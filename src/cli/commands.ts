// The explicit command map: id → loader of the command's module. Each command is its own bundle
// chunk, so a run imports only the command it executes (kn start-up cost is mostly module loading).
// src/cli/main.ts loads the classes a run needs and hands them to oclif as the "explicit" discovery
// target's command object (pre-set, so oclif reads nothing from disk: no scan, no manifest).
// Register new commands here.
import type { Command } from '@oclif/core';

/** Loads one command module. */
export type CommandLoader = () => Promise<{ default: Command.Class }>;

/** Every built-in command by oclif id (topic words joined by ':'). */
export const COMMANDS: Record<string, CommandLoader> = {
  'broker:create': () => import('../commands/broker/create.js'),
  'broker:delete': () => import('../commands/broker/delete.js'),
  'broker:describe': () => import('../commands/broker/describe.js'),
  'broker:list': () => import('../commands/broker/list.js'),
  'broker:update': () => import('../commands/broker/update.js'),
  'channel:create': () => import('../commands/channel/create.js'),
  'channel:delete': () => import('../commands/channel/delete.js'),
  'channel:describe': () => import('../commands/channel/describe.js'),
  'channel:list': () => import('../commands/channel/list.js'),
  'channel:list-types': () => import('../commands/channel/list-types.js'),
  'source:list': () => import('../commands/source/list.js'),
  'source:list-types': () => import('../commands/source/list-types.js'),
  'source:ping:create': () => import('../commands/source/ping/create.js'),
  'source:ping:delete': () => import('../commands/source/ping/delete.js'),
  'source:ping:describe': () => import('../commands/source/ping/describe.js'),
  'source:ping:list': () => import('../commands/source/ping/list.js'),
  'source:ping:update': () => import('../commands/source/ping/update.js'),
  'subscription:create': () => import('../commands/subscription/create.js'),
  'subscription:delete': () => import('../commands/subscription/delete.js'),
  'subscription:describe': () => import('../commands/subscription/describe.js'),
  'subscription:list': () => import('../commands/subscription/list.js'),
  'subscription:update': () => import('../commands/subscription/update.js'),
  'trigger:create': () => import('../commands/trigger/create.js'),
  'trigger:delete': () => import('../commands/trigger/delete.js'),
  'trigger:describe': () => import('../commands/trigger/describe.js'),
  'trigger:list': () => import('../commands/trigger/list.js'),
  'trigger:update': () => import('../commands/trigger/update.js'),
  completion: () => import('../commands/completion.js'),
  options: () => import('../commands/options.js'),
  'quickstart:kind': () => import('../commands/quickstart/kind.js'),
  'quickstart:local': () => import('../commands/quickstart/local.js'),
  'quickstart:minikube': () => import('../commands/quickstart/minikube.js'),
  'revision:delete': () => import('../commands/revision/delete.js'),
  'revision:describe': () => import('../commands/revision/describe.js'),
  'revision:list': () => import('../commands/revision/list.js'),
  'route:describe': () => import('../commands/route/describe.js'),
  'route:list': () => import('../commands/route/list.js'),
  'service:apply': () => import('../commands/service/apply.js'),
  'service:create': () => import('../commands/service/create.js'),
  'service:delete': () => import('../commands/service/delete.js'),
  'service:describe': () => import('../commands/service/describe.js'),
  'service:export': () => import('../commands/service/export.js'),
  'service:list': () => import('../commands/service/list.js'),
  'service:update': () => import('../commands/service/update.js'),
  version: () => import('../commands/version.js'),
};

/** Loads the classes of the given command ids. */
export async function loadCommands(ids: string[]): Promise<Record<string, Command.Class>> {
  // One at a time: jest's ESM runtime fails on concurrent imports of shared modules, and in the
  // bundle only `completion` and group help load more than one.
  const out: Record<string, Command.Class> = {};
  for (const id of ids) {
    const load = COMMANDS[id];
    if (load) out[id] = (await load()).default;
  }
  return out;
}
