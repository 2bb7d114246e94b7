export declare const root: string;
export declare const compiledEntry: string;
/** Whether dist/server/ is newer than every TypeScript source under src/ and cli/. */
export declare function compiledIsCurrent(): boolean;
