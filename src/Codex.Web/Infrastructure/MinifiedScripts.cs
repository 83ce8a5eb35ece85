using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using NUglify;
using NUglify.JavaScript;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The web root as the static files middleware serves it, with our own scripts (<c>/js/*.js</c>) minified by NUglify
/// on first use and kept in memory: the sources stay commented and readable in the repository, and the bytes a page
/// loads stay within the JavaScript budget (ADR 039). A script NUglify cannot parse is served as written, with a
/// warning. Everything else (htmx, already minified; CSS; images) passes through untouched. It is the site's web root
/// (<c>IWebHostEnvironment.WebRootFileProvider</c>), so versioned URLs (<c>asp-append-version</c>) and the service
/// worker's version hash the bytes served: a new minifier or source is a new URL.
/// </summary>
public sealed class MinifiedScripts(IFileProvider webRoot, ILogger<MinifiedScripts> logger) : IFileProvider
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Written, byte[] Bytes)> _minified = new(StringComparer.Ordinal);

    public IFileInfo GetFileInfo(string subpath)
    {
        var file = webRoot.GetFileInfo(subpath);
        if (!file.Exists || file.IsDirectory || !IsOwnScript(subpath)) return file;
        var key = subpath.TrimStart('/');
        if (!_minified.TryGetValue(key, out var entry) || entry.Written != file.LastModified)
            _minified[key] = entry = (file.LastModified, Minify(file, subpath));
        return new InMemoryFile(file, entry.Bytes);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => webRoot.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => webRoot.Watch(filter);

    /// <summary>Ours: under <c>/js/</c>, ending <c>.js</c> (vendored libraries live under <c>/lib/</c>).</summary>
    public static bool IsOwnScript(string subpath) =>
        subpath.TrimStart('/').StartsWith("js/", StringComparison.Ordinal) && subpath.EndsWith(".js", StringComparison.Ordinal);

    /// <summary>NUglify's output for <paramref name="source"/>, or null when it reports an error.</summary>
    public static string? MinifyOrNull(string source, out string errors)
    {
        var result = Uglify.Js(source, new CodeSettings { ScriptVersion = ScriptVersion.EcmaScript6, PreserveImportantComments = false });
        errors = string.Join("; ", result.Errors.Where(e => e.IsError).Select(e => e.ToString()));
        return result.HasErrors || string.IsNullOrWhiteSpace(result.Code) ? null : result.Code;
    }

    private byte[] Minify(IFileInfo file, string subpath)
    {
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        var source = reader.ReadToEnd();
        if (MinifyOrNull(source, out var errors) is { } code) return Encoding.UTF8.GetBytes(code);
        logger.LogWarning("Serving {Script} as written: NUglify could not minify it ({Errors})", subpath, errors);
        return Encoding.UTF8.GetBytes(source);
    }

    private sealed class InMemoryFile(IFileInfo source, byte[] bytes) : IFileInfo
    {
        public bool Exists => true;
        public long Length => bytes.Length;
        public string? PhysicalPath => null; // never sent with SendFile: the bytes are these, not the file's
        public string Name => source.Name;
        public DateTimeOffset LastModified => source.LastModified;
        public bool IsDirectory => false;
        public Stream CreateReadStream() => new MemoryStream(bytes, writable: false);
    }
}
