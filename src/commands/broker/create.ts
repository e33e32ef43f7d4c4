// kn broker create NAME
import { Flags } from '@oclif/core';
import { KnError, toKnError } from '../../lib/api/errors.js';
import { BROKER_CLASS_ANNOTATION, type Broker } from '../../lib/api/eventing-types.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { parseBrokerConfig } from '../../lib/eventing/cli/broker-config.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { applyDeliveryFlags, deliveryFlags } from '../../lib/eventing/cli/delivery.js';

/** Creates a broker. */
export default class BrokerCreate extends EventingCommand {
  static override summary = 'Create a broker';
  static override usage = 'broker create NAME';
  static override examples = [
    "# Create a broker 'mybroker' in the current namespace\n  kn broker create mybroker",
    "# Create a broker 'mybroker' in the 'myproject' namespace and with a broker class of 'Kafka'\n  kn broker create mybroker --namespace myproject --class Kafka",
  ];
  static override flags = {
    ...namespaceFlag,
    class: Flags.string({ description: 'Broker class like \'MTChannelBasedBroker\' or \'Kafka\' (if available).' }),
    'broker-config': Flags.string({
      description: "Reference to the broker configuration. For example, a pointer to a ConfigMap (cm:, configmap:), Secret(sc:, secret:), RabbitmqCluster(rmq:, rabbitmq: rabbitmqcluster:) etc. It should be used in conjunction with Broker class flag. The format for specifying the object is a colon separated string consisting of at most 4 slices:\nLength 1: <object-name> (the object will be assumed to be ConfigMap with the same name)\nLength 2: <kind>:<object-name> (the APIVersion will be determined for ConfigMap, Secret, and RabbitmqCluster types)\nLength 3: <kind>:<object-name>:<namespace> (the APIVersion will be determined only for ConfigMap, Secret, and RabbitmqCluster types. Otherwise it will be interpreted as:\nLength 4: <apiVersion>:<kind>:<object-name>:<namespace>",
    }),
    ...deliveryFlags,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(BrokerCreate);
    const name = requireSingleName(args, "'broker create' requires the broker name given as single argument");
    const ns = await this.namespace(flags);
    if (flags['broker-config'] && !flags.class) throw new KnError('cannot set broker-config without setting class', 'BadRequest');
    const client = await this.eventing(ns);
    const broker: Broker = { metadata: { name, namespace: ns }, spec: {} };
    try {
      if (flags.class) broker.metadata.annotations = { [BROKER_CLASS_ANNOTATION]: flags.class };
      if (flags['broker-config']) broker.spec = { ...broker.spec, config: parseBrokerConfig(flags['broker-config'], ns) };
      const delivery = await applyDeliveryFlags(undefined, flags, this.sinkResolver(ns, client));
      if (delivery) broker.spec = { ...broker.spec, delivery };
      await client.brokers.create(broker);
    } catch (e) {
      throw new KnError(`cannot create broker '${name}' in namespace '${ns}' because: ${toKnError(e).message}`, toKnError(e).reason);
    }
    this.println(`Broker '${name}' successfully created in namespace '${ns}'.`);
  }
}
