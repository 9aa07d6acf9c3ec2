import { it } from 'vitest';
import { z } from 'zod';
import { calls } from '../../../src-shared/contract.js';
it('x', () => {
  for (const n of ['pti.rentals.moveIn', 'pti.keypads.check'] as const)
    console.log(
      n,
      JSON.stringify(
        z.toJSONSchema((calls as any)[n].input, { io: 'input', unrepresentable: 'any' }),
      ),
    );
});
