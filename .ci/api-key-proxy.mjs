// Local forwarding proxy for the conformance run: the official suite cannot send custom headers, and every
// request to /mcp needs X-API-Key. Forwards each request to UPSTREAM with X-API-Key: API_KEY added, and streams
// the answer back as is (SSE included). Host and Origin are passed through, so the DNS-rebinding checks still
// see what the suite sent. Prints "listening on PORT" once ready.
//   UPSTREAM=http://127.0.0.1:23456 API_KEY=... node api-key-proxy.mjs
import http from 'node:http';

const upstream = new URL(process.env.UPSTREAM);
const apiKey = process.env.API_KEY;

const proxy = http.createServer((request, response) => {
  const forwarded = http.request({
    hostname: upstream.hostname,
    port: upstream.port,
    path: request.url,
    method: request.method,
    headers: { ...request.headers, 'x-api-key': apiKey },
  }, (answer) => {
    response.writeHead(answer.statusCode, answer.headers);
    answer.pipe(response);
  });
  forwarded.on('error', (error) => {
    response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`api-key-proxy: ${error.message}`);
  });
  request.pipe(forwarded);
  response.on('close', () => forwarded.destroy());
});
proxy.listen(0, '127.0.0.1', () => console.log(`listening on ${proxy.address().port}`));
