import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const templateDbName = `ordo_test_template_${process.env.VITEST_RUN_ID ?? 'x'}`.replace(/[^a-z0-9_]/gi, '_');
export const templateDumpPath = join(tmpdir(), `ordo-test-template-${process.env.VITEST_RUN_ID ?? 'x'}.tar`);
