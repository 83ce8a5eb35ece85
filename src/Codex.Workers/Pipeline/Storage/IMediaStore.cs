namespace Codex.Workers.Pipeline.Storage;

/// <summary>
/// Where media files live, shared by the Content-API (uploads, streaming) and the Media-API (transcoding): local disk
/// under <c>{DataPath}/media</c> in the embedded default (<see cref="LocalMediaStore"/>), or an S3-compatible bucket.
/// Keys are relative paths with forward slashes (<c>uploads/{org}/{media}/source.mp4</c>); a key never leaves its store
/// (<c>..</c>, rooted or backslashed keys are refused).
/// </summary>
public interface IMediaStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to <paramref name="key"/> without holding it in memory; the file appears
    /// whole or not at all (a failed or cancelled write leaves nothing). Returns the bytes written.
    /// </summary>
    Task<long> SaveAsync(string key, Stream content, string contentType, CancellationToken ct);

    /// <summary>The file at <paramref name="key"/> for reading, or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>
    /// A file on this machine's disk with the content of <paramref name="key"/>, for tools such as <c>ffmpeg</c>: the
    /// stored file itself on local disk, a temporary copy elsewhere (deleted when the lease is disposed).
    /// </summary>
    Task<LocalFileLease> GetLocalFileAsync(string key, CancellationToken ct);

    /// <summary>Removes the file; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>
    /// Removes every file whose key starts with <paramref name="folder"/><c>/</c> (a media file's source, rendition and
    /// thumbnail live in one folder); nothing happens when there is none.
    /// </summary>
    Task DeleteFolderAsync(string folder, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);
}

/// <summary>A path on local disk, and what to do when it is no longer needed.</summary>
public sealed class LocalFileLease(string path, bool temporary) : IAsyncDisposable
{
    public string Path { get; } = path;

    public ValueTask DisposeAsync()
    {
        if (temporary) File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The rules every store applies to keys.</summary>
public static class MediaKeys
{
    /// <summary><paramref name="key"/> if it is a safe relative key, else an <see cref="ArgumentException"/>.</summary>
    public static string Check(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 500 || key.StartsWith('/') || key.Contains('\\') || key.Contains('\0')
            || key.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"Not a media key: '{key}'.", nameof(key));
        return key;
    }
}
