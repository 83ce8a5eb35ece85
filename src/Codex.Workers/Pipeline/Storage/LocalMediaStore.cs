using Codex.ServiceDefaults;

namespace Codex.Workers.Pipeline.Storage;

/// <summary>
/// The embedded default: files under <c>{DataPath}/media</c>. A write goes to a temporary file beside its target and
/// is renamed into place once complete, so a reader never sees half a file and a broken upload leaves nothing.
/// </summary>
public sealed class LocalMediaStore(CodexOptions codex) : IMediaStore
{
    /// <summary><c>{DataPath}/media</c>.</summary>
    public string Root { get; } = Path.GetFullPath(Path.Combine(codex.DataFolder, "media"));

    /// <summary>The full path of <paramref name="key"/>, always inside <see cref="Root"/>.</summary>
    public string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, MediaKeys.Check(key)));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"Not a media key: '{key}'.", nameof(key));
    }

    public async Task<long> SaveAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            long written;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, 81920, ct);
                written = file.Length;
            }
            File.Move(partial, path, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(partial); // gone already when the move succeeded
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
            : null);
    }

    public Task<LocalFileLease> GetLocalFileAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? Task.FromResult(new LocalFileLease(path, temporary: false))
            : throw new FileNotFoundException($"No media file '{key}'.", path);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        var path = PathOf(folder);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));
}
