// `--terraform FILE...`: read Terraform JSON (plans, states) into the coverage facts the core
// judges. The reader loads only when the flag is given, so a plain check never loads it.
import { escapeControls } from '../inventory/problem.js';
import type { TerraformReading } from '../import/terraform/read.js';
import type { TerraformFacts } from '../rules/terraformCoverage.js';
import { UsageError } from './errors.js';
import type { InputContext } from './context.js';
import { readBytes } from './inputFiles.js';
import { formatBytes } from '../inventory/limits.js';

/** Terraform states are far larger than inventories: they may be this many times --max-input-bytes. */
export const TERRAFORM_SIZE_FACTOR = 8;

export function readTerraformBytes(ctx: InputContext, file: string): Uint8Array {
  const maxFileBytes = ctx.limits.input.maxFileBytes * TERRAFORM_SIZE_FACTOR;
  const bytes = readBytes({ io: ctx.io, limits: { ...ctx.limits, input: { ...ctx.limits.input, maxFileBytes } } }, file, 'Terraform file');
  if (bytes.length > maxFileBytes) {
    throw new UsageError(`${escapeControls(file)}: the file is more than ${formatBytes(maxFileBytes)}, the limit for Terraform files (${TERRAFORM_SIZE_FACTOR} × --max-input-bytes); raise --max-input-bytes to read it`);
  }
  return bytes;
}

/**
 * Reads Terraform files into resources; the reader loads only here. Unusable input is a usage
 * error ending with `outcome` (what did not happen because of it).
 */
export async function readTerraformFiles(ctx: InputContext, files: readonly string[], outcome: string): Promise<TerraformReading> {
  const inputs = files.map((file) => ({ file, bytes: readTerraformBytes(ctx, file) }));
  const { readTerraform, TerraformInputError } = await import('../import/terraform/read.js');
  try {
    return readTerraform(inputs);
  } catch (error) {
    if (error instanceof TerraformInputError) throw new UsageError(`${escapeControls(error.message)}; ${outcome}`);
    throw error;
  }
}

export async function loadTerraformFacts(ctx: InputContext, files: readonly string[]): Promise<TerraformFacts> {
  const { io } = ctx;
  const reading = await readTerraformFiles(ctx, files, 'nothing was analysed');
  const { dataHoldingResources } = await import('../import/terraform/holdings.js');
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
