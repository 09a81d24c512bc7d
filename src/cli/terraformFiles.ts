// `--terraform FILE...`: read Terraform JSON (plans, states) into the coverage facts the core
// judges. The reader loads only when the flag is given, so a plain check never loads it.
import { escapeControls } from '../inventory/problem.js';
import type { TerraformFacts } from '../rules/terraformCoverage.js';
import { UsageError } from './errors.js';
import type { InputContext } from './context.js';
import { readBytes } from './inputFiles.js';

export async function loadTerraformFacts(ctx: InputContext, files: readonly string[]): Promise<TerraformFacts> {
  const { io } = ctx;
  const inputs = files.map((file) => ({ file, bytes: readBytes(ctx, file, 'Terraform file') }));
  const { readTerraform, TerraformInputError } = await import('../import/terraform/read.js');
  const { dataHoldingResources } = await import('../import/terraform/holdings.js');
  let reading: ReturnType<typeof readTerraform>;
  try {
    reading = readTerraform(inputs);
  } catch (error) {
    if (error instanceof TerraformInputError) throw new UsageError(`${escapeControls(error.message)}; nothing was analysed`);
    throw error;
  }
  for (const warning of reading.warnings) io.stderr(`bcaudit: warning: ${escapeControls(warning)}\n`);
  return {
    files: [...files],
    resources: reading.resources.map((r) => ({ address: r.address, type: r.type, file: r.file, jsonPath: r.jsonPath })),
    holdings: dataHoldingResources(reading.resources).map((h) => ({
      address: h.address,
      type: h.type,
      file: h.file,
      jsonPath: h.jsonPath,
      role: h.role,
      names: h.names,
    })),
  };
}
