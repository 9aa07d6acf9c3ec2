// One shared built fixture per test run: out/ is rebuilt only when a source changed.
// @ts-expect-error -- plain ESM script without type declarations
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';

export default function setup() {
  (buildIfNeeded as (o: { quiet: boolean }) => boolean)({ quiet: true });
}
