// Types for the parts of support.mjs that TypeScript code (the e2e specs) uses, so a
// test and `npm start` agree on one definition of "Electron is installed".
export declare const repoRoot: string;
export declare function electronBinary(): string | null;
