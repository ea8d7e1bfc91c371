// Types for the parts of libraries that ship none: mammoth's HTML conversion and pdf.js's worker module.
declare module 'mammoth' {
  interface ConvertResult {
    value: string;
    messages: { type: string; message: string }[];
  }
  const mammoth: {
    convertToHtml(input: { arrayBuffer?: ArrayBuffer; buffer?: Uint8Array }, options?: Record<string, unknown>): Promise<ConvertResult>;
  };
  export default mammoth;
}

declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
