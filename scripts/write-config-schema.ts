/**
 * Writes docs/config.schema.json from src/quant/config/schema.ts (`npm run schema`).
 * src/quant/config/schema.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/quant/config/schema';

writeFileSync(new URL('../docs/config.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('wrote docs/config.schema.json');
