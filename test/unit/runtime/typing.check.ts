// Compile-only checks of the runtime's generic typing (run by `npx tsc -p tsconfig.json`; not a vitest file).
// Every @ts-expect-error must stay an error: if the typing loosens, tsc reports the directive as unused.
import { createConsumer, createPublisher, type Envelope } from '../../../runtime/src/index.js';
import { fakeTransport, userCreatedV1, type UserEvent } from './fakes.js';

export async function publisherTyping(): Promise<void> {
  const p = createPublisher({ transport: fakeTransport(), source: 's' });
  const env: Envelope<{ userId: string; email: string; name?: string }, 'user.created.v1'> = await p.publish(userCreatedV1, {
    userId: 'u',
    email: 'e',
  });
  void env;
  // @ts-expect-error wrong payload: email missing
  await p.publish(userCreatedV1, { userId: 'u' });
  // @ts-expect-error wrong payload: userId a number
  p.emit(userCreatedV1, { userId: 1, email: 'e' });
  // @ts-expect-error the envelope's eventType is the literal
  const wrong: Envelope<unknown, 'user.created.v2'> = await p.publish(userCreatedV1, { userId: 'u', email: 'e' });
  void wrong;
}

export function consumerTyping(): void {
  createConsumer<UserEvent>({ groupId: 'g', topics: [] })
    .on('user.created.v1', (e) => {
      const email: string = e.data.email;
      void email;
      // @ts-expect-error v1 data has no `emails`
      void e.data.emails;
    })
    .on('user.created.v2', (e) => {
      const emails: string[] = e.data.emails;
      void emails;
    })
    // @ts-expect-error unknown event type
    .on('user.deleted.v1', () => undefined);
}
