/**
 * Where a file name arrives: a multipart part's file name (`body.<part>#filename`), or the headers some
 * upload APIs use (`X-Filename`, `X_Filename`, `X-File-Name`).
 */
export function isUploadPoint(point: string): boolean {
  return (
    point.endsWith('#filename') ||
    point === 'header.x-filename' ||
    point === 'header.x_filename' ||
    point === 'header.x.filename' ||
    point === 'header.x-file-name'
  );
}
