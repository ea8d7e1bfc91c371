// The JSON Schema of Claimdesk JSON, generated from the zod schema the importer validates with, so the
// published description can never say something the code does not do.
import { z } from 'zod';
import { nativeExportSchema } from './native';

export function generateNativeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(nativeExportSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://claimdesk.app/schema/claimdesk-export.schema.json',
    title: 'Claimdesk JSON export',
    description:
      'A Claimdesk export (format "claimdesk", major version 1). Fields not listed are allowed: a newer minor version may add them, and Claimdesk keeps and writes them back. See docs/claimdesk-json.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
