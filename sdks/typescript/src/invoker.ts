// What the generated resource classes (src/resources.ts) call: one generated SDK function, on
// the Fleet's client, throwing a FleetError for any error answer and resolving to the data.
import type { Options } from './generated/sdk.gen.js';
import type { TDataShape } from './generated/client/index.js';

/**
 * The options of one operation, as generated: `path`, `query`, `body`, `headers` (e.g. an
 * explicit `Idempotency-Key`), plus fetch options such as `signal`.
 */
export type CallOptions<TData extends TDataShape> = Omit<
  Options<TData, true>,
  'client' | 'throwOnError' | 'responseStyle'
>;

/**
 * Calls a generated SDK function with throwOnError. The signature ties each generated method's
 * options and result types to the function it delegates to: a mismatch does not compile.
 */
export interface Invoker {
  call<TData extends TDataShape, TResult>(
    operation: (options: Options<TData, true>) => Promise<{ data: TResult }>,
    options: CallOptions<TData> | undefined,
  ): Promise<TResult>;
}
