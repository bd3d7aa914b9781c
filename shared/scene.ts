/** Which service scene a ticket belongs to (docs/rules.md#scenes-and-response-targets): from its scene field, a tag, or the default. */
import { isScene, type Scene } from './domain.ts';
import type { Settings } from './settings.ts';

export interface SceneInput {
  tags?: readonly string[] | null;
  custom_fields?: ReadonlyArray<{ id: number | string; value: unknown }> | null;
}

export interface SceneResult {
  scene: Scene;
  source: 'field' | 'tag' | 'default';
}

/** Accepts "presale", "scene_presale", "tierwise_scene_presale", in any case. */
export function readScene(value: unknown): Scene | null {
  if (typeof value !== 'string') return null;
  const last = value.trim().toLowerCase().split(/[_\s-]/).pop();
  return isScene(last) ? last : null;
}

export function resolveScene(ticket: SceneInput, settings: Settings): SceneResult {
  if (settings.scene_field_id !== null) {
    const field = ticket.custom_fields?.find((f) => Number(f.id) === settings.scene_field_id);
    const scene = readScene(field?.value);
    if (scene) return { scene, source: 'field' };
  }
  for (const tag of ticket.tags ?? []) {
    if (!/(^|_)scene_/.test(tag)) continue;
    const scene = readScene(tag);
    if (scene) return { scene, source: 'tag' };
  }
  return { scene: settings.default_scene, source: 'default' };
}
