export { decodeValue, htmlEntityDecode, percentDecode, plainBase64, unicodeEscapeDecode } from './decode';
export { extractionLimits, extractValues } from './extract';
export { excerpt } from './excerpt';
export { isUploadPoint } from './upload';
