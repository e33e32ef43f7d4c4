// Command groups (topics) and how root help groups them (upstream's "Serving/Eventing/Other Commands").

/** Topic descriptions, also for groups whose commands land later. */
export const TOPICS: Record<string, { description: string }> = {
  service: { description: 'Manage Knative services' },
  revision: { description: 'Manage service revisions' },
  route: { description: 'List and describe service routes' },
  broker: { description: 'Manage message brokers' },
  trigger: { description: 'Manage event triggers' },
  source: { description: 'Manage event sources' },
  'source:ping': { description: 'Manage ping sources' },
  channel: { description: 'Manage event channels' },
  subscription: { description: 'Manage event subscriptions' },
  quickstart: { description: 'Get started quickly with Knative' },
};

/** Root help sections in upstream order. */
export const HELP_GROUPS: Array<{ title: string; names: string[] }> = [
  { title: 'Serving Commands', names: ['service', 'revision', 'route'] },
  { title: 'Eventing Commands', names: ['source', 'broker', 'trigger', 'channel', 'subscription'] },
  { title: 'Other Commands', names: ['quickstart', 'completion', 'version'] },
];

/** Noun aliases (upstream cobra aliases), rewritten in argv before dispatch. */
export const NOUN_ALIASES: Record<string, string> = {
  ksvc: 'service',
  services: 'service',
  revisions: 'revision',
  routes: 'route',
  brokers: 'broker',
  triggers: 'trigger',
  sources: 'source',
  channels: 'channel',
  subscriptions: 'subscription',
  sub: 'subscription',
};

/** Verb aliases. `ls` is not registered on `source ping list` and `subscription list` upstream. */
export const VERB_ALIASES: Record<string, string> = { ls: 'list' };

/** Groups whose `list` has no `ls` alias upstream. */
export const NO_LS_ALIAS = new Set(['source ping', 'subscription']);

/** Groups nested in another group (the verb comes third). */
export const NESTED_GROUPS = new Set(['source ping', 'source apiserver', 'source binding', 'source container']);
