import { loadAll } from 'js-yaml';

/**
 * One YAML document, read with js-yaml's YAML 1.2 core schema (the pack's files and front
 * matter), or null when the text holds none: a blank file or one of comments only, which
 * callers read as empty. Throws js-yaml's error, whose first line says what is wrong and
 * where (line:column), for text that is not YAML or holds more than one document.
 */
export function parseYaml(text: string): unknown {
  const documents = loadAll(text);
  if (documents.length > 1) throw new Error('more than one document: a "---" line starts a second one');
  return documents[0] ?? null;
}
