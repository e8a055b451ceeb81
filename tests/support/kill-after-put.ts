import { answerProxy } from './answer-proxy';

/**
 * An HTTP proxy, inside the uploading process, in front of the S3 endpoint: when S3 answers
 * a single-object PUT with 200 (the object is stored), it SIGKILLs its own process before the
 * answer reaches the engine. That is the exact moment of issue 9's doubled version: S3 has the
 * object, the queue has not recorded it. `announce` is called first (a line the parent reads).
 */
export async function killAfterPutProxy(target: string, announce: (key: string) => void): Promise<string> {
  const proxy = await answerProxy(target, (req, status) => {
    const singlePut = req.method === 'PUT' && !/[?&](uploadId|partNumber)=/.test(req.url ?? '');
    if (singlePut && status === 200) {
      announce(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      process.kill(process.pid, 'SIGKILL');
    }
    return 'pass';
  });
  return proxy.url;
}
