import { PDFDocument } from 'pdf-lib';

/**
 * One PDF holding every page of the given PDFs, in order: the parcels' labels of a multi-piece
 * aggregator shipment become one printable file. A single PDF is returned as it is.
 */
export async function mergePdfs(files: Buffer[]): Promise<Buffer> {
  if (files.length === 1) return files[0]!;
  const out = await PDFDocument.create();
  for (const file of files) {
    const src = await PDFDocument.load(file);
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const page of pages) out.addPage(page);
  }
  return Buffer.from(await out.save());
}
