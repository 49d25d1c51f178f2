// A zero-delay OpenAI-compatible upstream for bench/outside.sh, in its own process (not the load
// generator's, not ccr's). POST .../chat/completions answers JSON, or a 5-chunk stream when the body
// asks for one; under /slow/ it streams one event a second for 60 s (the idle-stream round).
// Usage: node bench/mock-upstream.mjs PORT   (binds 127.0.0.1 only)
import http from 'node:http';

const completion = JSON.stringify({
  id: 'c', object: 'chat.completion', created: 1, model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there, how can I help?' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 8 },
});
const chunk = (delta, finish, usage) => 'data: ' + JSON.stringify({
  id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}),
}) + '\n\n';
const stream = ['Hello', ' there,', ' how', ' can', ' I help?'].map((t) => chunk({ content: t }, null)).join('')
  + chunk({}, 'stop', { prompt_tokens: 12, completion_tokens: 8 }) + 'data: [DONE]\n\n';

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    const body = Buffer.concat(parts).toString();
    if (req.url.includes('/slow/')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const timer = setInterval(() => {
        if (i++ >= 60) { clearInterval(timer); res.end(stream); return; }
        res.write(chunk({ content: 't' + i }, null));
      }, 1000);
      res.on('close', () => clearInterval(timer));
    } else if (/"stream"\s*:\s*true/.test(body)) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(stream);
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      res.end(completion);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log('mock listening on ' + server.address().port));
