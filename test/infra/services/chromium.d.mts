export declare const CHROMIUM_ARGS: readonly string[];
export declare function provisionChromium(): Promise<{ executablePath: string; installed: boolean }>;
