/**
 * Every name generated code uses, decided once here from the contract's identity (domain,
 * action, version), never from free text. All results are safe ASCII identifiers; collisions
 * inside a package are resolved deterministically.
 */
import { identifier, shortHash } from './escape.js';
import { stableTypeName, typeNameFrom } from './schema-graph.js';

/** Name of the synthetic root of the types compile; reserved so no contract can be named after it. */
export const ROOT_TYPE_NAME = 'ContractsRoot';

export interface EventNames {
  /** `UserCreatedV1`: the `data` type. */
  dataType: string;
  /** `UserCreatedV1Event`: the envelope type. */
  envelopeType: string;
  /** `userCreatedV1`: the descriptor constant. */
  descriptor: string;
  /** `publishUserCreatedV1` */
  publishMethod: string;
  /** `emitUserCreatedV1` */
  emitMethod: string;
  /** `validateUserCreatedV1Strict` / `…Tolerant`: validator import bindings. */
  strictValidator: string;
  tolerantValidator: string;
  /** `serializeUserCreatedV1`: serializer import binding. */
  serializer: string;
}

export interface PackageNames {
  /** `User` */
  domainType: string;
  /** `user-events` (directory under the output folder and npm name without scope). */
  dirName: string;
  /** `@acme/user-events` */
  packageName: string;
  /** `createUserPublisher` (+ alias `createUserEvents`) */
  publisherFactory: string;
  eventsFactory: string;
  /** `createUserConsumer` */
  consumerFactory: string;
  /** `UserEvent`: union of every envelope of the package. */
  unionType: string;
  /** `UserEventDataMap`: eventType → data type. */
  dataMapType: string;
  /** `UserTopic`: union of topic names. */
  topicType: string;
  publisherType: string;
  publisherOptionsType: string;
  consumerType: string;
  consumerOptionsType: string;
  batchItemType: string;
  /** `userEventDescriptors` */
  descriptorsConst: string;
  /** `userTopics` */
  topicsConst: string;
  /** `UserLatestEvents`: event family (`user.created`) → its latest envelope and every envelope (onLatest). */
  latestMapType: string;
  /** `UserBridgeableEventType`: event types with a downcast (the publisher's `bridge` option). */
  bridgeableType: string;
}

export function packageNames(domain: string, scope: string): PackageNames {
  const domainType = typeNameFrom(domain);
  const lower = domainType[0]!.toLowerCase() + domainType.slice(1);
  const dirName = `${domain.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-events`;
  return {
    domainType,
    dirName,
    packageName: `${scope}/${dirName}`,
    publisherFactory: identifier(`create${domainType}Publisher`),
    eventsFactory: identifier(`create${domainType}Events`),
    consumerFactory: identifier(`create${domainType}Consumer`),
    unionType: `${domainType}Event`,
    dataMapType: `${domainType}EventDataMap`,
    topicType: `${domainType}Topic`,
    publisherType: `${domainType}Publisher`,
    publisherOptionsType: `${domainType}PublisherOptions`,
    consumerType: `${domainType}Consumer`,
    consumerOptionsType: `${domainType}ConsumerOptions`,
    batchItemType: `${domainType}BatchItem`,
    descriptorsConst: identifier(`${lower}EventDescriptors`),
    topicsConst: identifier(`${lower}Topics`),
    latestMapType: `${domainType}LatestEvents`,
    bridgeableType: `${domainType}BridgeableEventType`,
  };
}

/** The type names a package declares itself, which event type names must not take. */
export function reservedTypeNames(pkg: PackageNames): Set<string> {
  return new Set([
    pkg.unionType,
    pkg.dataMapType,
    pkg.topicType,
    pkg.publisherType,
    pkg.publisherOptionsType,
    pkg.consumerType,
    pkg.consumerOptionsType,
    pkg.batchItemType,
  ]);
}

/**
 * Names for each event type of one package. `order.item-added.v1` and `order.item.added.v1`
 * would both be `OrderItemAddedV1`: every colliding name gets a hash suffix of its event type.
 */
export function eventNames(eventTypes: readonly string[], reserved: ReadonlySet<string>): Map<string, EventNames> {
  const base = new Map(eventTypes.map((t) => [t, typeNameFrom(t)]));
  const counts = new Map<string, number>();
  for (const name of base.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const out = new Map<string, EventNames>();
  for (const eventType of [...eventTypes].sort()) {
    let type = base.get(eventType)!;
    if (counts.get(type)! > 1 || reserved.has(type) || reserved.has(`${type}Event`)) type = stableTypeName(`${type}_${shortHash(eventType)}`);
    const lower = type[0]!.toLowerCase() + type.slice(1);
    out.set(eventType, {
      dataType: type,
      envelopeType: `${type}Event`,
      descriptor: identifier(lower),
      publishMethod: `publish${type}`,
      emitMethod: `emit${type}`,
      strictValidator: `validate${type}Strict`,
      tolerantValidator: `validate${type}Tolerant`,
      serializer: `serialize${type}`,
    });
  }
  return out;
}

/** `Order.Placed` topic → `OrderPlacedTopicEvent`: the discriminated union of one topic. */
export function topicUnionName(topic: string, taken: ReadonlySet<string>): string {
  // Kafka topic names are [A-Za-z0-9._-]; anything else (which lint reports) gets a neutral name.
  let name = /^[A-Za-z0-9._-]+$/.test(topic) ? `${typeNameFrom(topic)}TopicEvent` : `Topic${shortHash(topic)}Event`;
  if (taken.has(name)) name = `${name}_${shortHash(topic)}`;
  return name;
}
