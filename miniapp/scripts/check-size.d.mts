export declare const MB: number;
export declare const LIMITS: { fileBytes: number; zipBytes: number; initialJsGzipTarget: number };
export declare function zippedSize(dir: string): number;
export declare function initialJsGzip(dir: string): number | null;
export declare function checkWww(
  dir: string,
  limits?: { fileBytes: number; zipBytes: number; initialJsGzipTarget: number },
): {
  ok: boolean;
  errors: string[];
  files?: number;
  largest?: { path: string; bytes: number };
  zipBytes?: number;
  initialJsGzip?: number | null;
};
