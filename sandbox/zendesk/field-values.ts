// user_fields / organization_fields values: merged on update and checked against the field type.
import { fieldError } from './errors.ts';
import type { SimulatorStore } from './store.ts';
import type { FieldKind, FieldValue } from './types.ts';

/** Every defined key of `kind` with its value (null when unset), as Zendesk returns them. */
export function withAllKeys(store: SimulatorStore, kind: FieldKind, values: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of store.fieldsOf(kind)) if (f.key) out[f.key] = values[f.key] ?? null;
  return out;
}

/** Merges `patch` into `current`. Unknown keys are ignored (as Zendesk does); bad values -> 422. */
export function mergeFieldValues(
  store: SimulatorStore, kind: FieldKind, current: Record<string, FieldValue>, patch: Record<string, unknown>,
): Record<string, FieldValue> {
  const out = withAllKeys(store, kind, current);
  const prefix = kind === 'user_field' ? 'user_fields' : 'organization_fields';
  for (const [key, raw] of Object.entries(patch)) {
    const def = store.fieldsOf(kind).find((f) => f.key === key);
    if (!def) continue;
    const err = (msg: string) => fieldError(`${prefix}.${key}`, `${def.title}: ${msg}`);
    if (raw === null || raw === '') {
      out[key] = null;
      continue;
    }
    switch (def.type) {
      case 'decimal': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
        if (!Number.isFinite(n)) throw err('is not a number');
        out[key] = n;
        break;
      }
      case 'integer': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
        if (!Number.isInteger(n)) throw err('is not an integer');
        out[key] = n;
        break;
      }
      case 'checkbox':
        if (typeof raw !== 'boolean') throw err('must be true or false');
        out[key] = raw;
        break;
      case 'date': {
        if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(Date.parse(raw.slice(0, 10)))) throw err('is not a date (YYYY-MM-DD)');
        out[key] = raw.slice(0, 10);
        break;
      }
      case 'dropdown': case 'tagger': {
        if (typeof raw !== 'string' || !def.custom_field_options?.some((o) => o.value === raw)) throw err(`${JSON.stringify(raw)} is not a valid option`);
        out[key] = raw;
        break;
      }
      case 'regexp':
        if (typeof raw !== 'string' || (def.regexp_for_validation && !new RegExp(def.regexp_for_validation).test(raw))) throw err('is invalid');
        out[key] = raw;
        break;
      default:
        out[key] = typeof raw === 'string' ? raw : String(raw);
    }
  }
  return out;
}
