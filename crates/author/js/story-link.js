// The story carried in a link: `#story=` followed by the story's JSON, compressed with the
// browser's CompressionStream ('deflate-raw') and written in base64url (no padding).
// The author page writes it; the widget's page reads the same format.

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) {
    binary += String.fromCharCode(bytes[i]);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Resolves to the fragment's value for `text` (the part after `#story=`).
export async function encodeStory(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return toBase64Url(bytes);
}
