import { ApiError, NETWORK_ERROR } from '$lib/api-error';

/**
 * Uploads a file to /api/attachments with progress: fetch cannot report how much of a request body has gone,
 * XMLHttpRequest can. Resolves with the stored attachment's id; rejects with the API's error.
 */
export function uploadAttachment(
  target: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ id: number }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/attachments?target=${encodeURIComponent(target)}`);
    request.responseType = 'json';
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      const body = request.response as { attachment?: { id: number }; error?: string; fields?: Record<string, string> };
      if (request.status === 201 && body?.attachment) resolve(body.attachment);
      else reject(new ApiError(request.status, body?.error ?? 'unknown', body?.fields ?? {}));
    });
    request.addEventListener('error', () => reject(NETWORK_ERROR));
    const form = new FormData();
    form.set('file', file);
    request.send(form);
  });
}
