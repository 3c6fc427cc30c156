/**
 * A service's API surface, stated once: the SDK commands it calls, as a map of the command classes
 * (`{ DescribeTrailsCommand, GetTrailStatusCommand }`). The API type the reader uses, and the memory
 * account implements, is derived from that map (`describeTrails(input) → answer`), and the binding to a
 * real client is built from it: an operation is added by adding its command in one place.
 *
 * Answers are typed without `$metadata`: readers never look at it, and an implementation that is not
 * the SDK (the demo's in-memory account) answers plain data.
 */
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { readable } from './raw-answers.js';

/** An SDK command class: what `new XxxCommand(input)` builds (its `input`; its answer through the handler). */
type CommandClass = new (input: never) => { readonly input: object; resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: object }> };

/** The command classes of one service, keyed by their own names (object shorthand): `{ ListTablesCommand }`. */
export type CommandMap = Readonly<Record<`${string}Command`, CommandClass>>;

type InputOf<C> = C extends new (input: never) => { readonly input: infer I } ? I : never;
type OutputOf<C> = C extends new (
  input: never,
) => { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> }
  ? Omit<O, '$metadata'>
  : never;

/** `ListTablesCommand` → `listTables`. */
type MethodName<K> = K extends `${infer Operation}Command` ? Uncapitalize<Operation> : never;

/** The API a command map describes: one method per command, named after its operation. */
export type ApiOf<M extends CommandMap> = { [K in keyof M as MethodName<K>]: (input: InputOf<M[K]>) => Promise<OutputOf<M[K]>> };

/** What the binding needs of an SDK client: its middleware stack (to keep raw answers) and `send`. */
interface SdkClient<Input extends object, Output extends MetadataBearer> {
  middlewareStack: MiddlewareStack<Input, Output>;
  // Method syntax: the client's own `send` is generic over its commands.
  send(command: object): Promise<unknown>;
}

/** `ListTablesCommand` → `listTables` (the same mapping as the type's). */
export function methodName(commandName: string): string {
  const operation = commandName.replace(/Command$/, '');
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

/** The API over one client: each method sends its command; the client keeps raw answers for evidence. */
export function bindCommands<M extends CommandMap, Input extends object, Output extends MetadataBearer>(
  client: SdkClient<Input, Output>,
  commands: M,
): ApiOf<M> {
  const sender = readable(client);
  const api: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, Command] of Object.entries<CommandClass>(commands)) {
    api[methodName(name)] = (input) => sender.send(new Command(input));
  }
  return api as ApiOf<M>;
}
