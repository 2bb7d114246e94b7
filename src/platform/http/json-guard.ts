import type { FieldError } from '../errors.js';

/** Deepest nesting of objects and arrays a request body may have. */
export const maxJsonDepth = 64;

/**
 * One linear pass over a JSON text before it is parsed: refuses nesting deeper than `maxDepth`
 * (deep documents overflow recursive code downstream and serve no client) and the NUL character
 * (`\u0000`), which PostgreSQL text and jsonb cannot hold. Returns the problem, or undefined.
 */
export function jsonShapeProblem(text: string, maxDepth = maxJsonDepth): FieldError | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) {
        if (text[i + 1] === 'u' && text.slice(i + 2, i + 6) === '0000') return { path: '(body)', message: 'contains a NUL character (\\u0000), which is not accepted' };
        i++;
      } else if (c === 34 /* " */) inString = false;
      else if (c === 0) return { path: '(body)', message: 'contains a NUL character, which is not accepted' };
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return { path: '(body)', message: `is nested deeper than ${maxDepth} levels` };
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** True when a raw request URL carries an encoded NUL (`%00`) in its path or query. */
export const urlHasNul = (url: string): boolean => url.includes('%00') || url.includes('\u0000');
