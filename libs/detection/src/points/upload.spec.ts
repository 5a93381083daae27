import { isUploadPoint } from './upload';

describe('isUploadPoint', () => {
  it.each(['body.file#filename', 'header.x-filename', 'header.x_filename', 'header.x.filename', 'header.x-file-name'])(
    'given %j, when checked, then it is where a file name arrives',
    (point) => {
      expect(isUploadPoint(point)).toBe(true);
    },
  );

  it.each(['body.filename', 'query.filename', 'header.content-disposition', 'body.file'])('given %j, when checked, then it is not an upload point', (point) => {
    expect(isUploadPoint(point)).toBe(false);
  });
});
