const AUDIO_EXTENSION = /\.(flac|wav|wave|aiff?|mp3|m4a|mp4|aac|ogg|oga|opus)$/i;

/**
 * The title of a track whose file carries no title tag: its file name as a person would write it,
 * "Sunrise_Set-2026.flac" → "Sunrise Set-2026". Undefined when nothing readable is left.
 */
export function titleFromFileName(fileName: string): string | undefined {
  const title = fileName.replace(AUDIO_EXTENSION, '').replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title;
}
