import { describe, expect, it } from 'vitest';
import { ConfigurationError, readKafkaEnv, requireBrokers, requireGroupId, requireSource } from '../../../runtime/src/index.js';

describe('readKafkaEnv', () => {
  it.each([
    { env: {}, want: {} },
    { env: { KAFKA_BROKERS: 'a:9092' }, want: { brokers: ['a:9092'] } },
    { env: { KAFKA_BROKERS: ' a:1 , b:2,, ' }, want: { brokers: ['a:1', 'b:2'] } },
    { env: { KAFKA_BROKERS: ' , ' }, want: {} },
    {
      env: { KAFKA_CLIENT_ID: 'svc', KAFKA_CONSUMER_GROUP_ID: 'grp', SCHEMA_REGISTRY_URL: 'http://r:8081' },
      want: { clientId: 'svc', groupId: 'grp', registryUrl: 'http://r:8081' },
    },
    { env: { KAFKA_CLIENT_ID: '  ' }, want: {} },
  ])('$env', ({ env, want }) => {
    expect(readKafkaEnv(env)).toEqual(want);
  });
});

describe('require*', () => {
  it('prefers the explicit value, then the environment', () => {
    expect(requireBrokers(['x:1'], { KAFKA_BROKERS: 'y:2' })).toEqual(['x:1']);
    expect(requireBrokers(undefined, { KAFKA_BROKERS: 'y:2' })).toEqual(['y:2']);
    expect(requireGroupId(undefined, { KAFKA_CONSUMER_GROUP_ID: 'g' })).toBe('g');
    expect(requireSource('s', { KAFKA_CLIENT_ID: 'c' })).toBe('s');
    expect(requireSource(undefined, { KAFKA_CLIENT_ID: 'c' })).toBe('c');
  });

  it.each([
    { name: 'brokers', call: () => requireBrokers([], {}), mentions: 'KAFKA_BROKERS' },
    { name: 'group id', call: () => requireGroupId(undefined, {}), mentions: 'KAFKA_CONSUMER_GROUP_ID' },
    { name: 'source', call: () => requireSource('', {}), mentions: 'KAFKA_CLIENT_ID' },
  ])('missing $name: ConfigurationError naming $mentions and the fix', ({ call, mentions }) => {
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(new RegExp(`${mentions} is not set.*Set ${mentions}=`));
  });
});
