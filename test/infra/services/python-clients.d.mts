export declare function provisionPythonClients(): Promise<{ python: string; installed: boolean }>;
