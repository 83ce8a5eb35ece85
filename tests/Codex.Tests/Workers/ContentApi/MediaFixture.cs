using System.Net.Http.Headers;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>The Content-API with a small upload limit (<see cref="MaxUploadBytes"/>), for the media library's tests.</summary>
public sealed class MediaFixture : SystemFixture
{
    public const long MaxUploadBytes = 256 * 1024;

    protected override IReadOnlyList<Role> Roles => [Role.ContentApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Media:MaxUploadBytes"] = MaxUploadBytes.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Where the local store keeps one organization's uploads.</summary>
    public string UploadsOf(Organization org) => Path.Combine(DataPath, "media", "uploads", org.Id.ToString("N"));

    /// <summary>Every file stored for <paramref name="org"/> (none when the folder does not exist).</summary>
    public string[] FilesOf(Organization org) =>
        Directory.Exists(UploadsOf(org)) ? Directory.GetFiles(UploadsOf(org), "*", SearchOption.AllDirectories) : [];
}

[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<MediaFixture>
{
    public const string Name = "media";
}

/// <summary>The small real media files under <c>Fixtures/media</c>, made with Debian's ffmpeg (0.5 s each).</summary>
public static class MediaFiles
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", name));

    /// <summary>A multipart form as a browser sends it: the text fields, then the file.</summary>
    public static MultipartFormDataContent Form(Guid? organizationId, HttpContent file, string fileName = "clip.mp4", string? title = null)
    {
        var form = new MultipartFormDataContent();
        if (organizationId is { } id) form.Add(new StringContent(id.ToString()), "organizationId");
        if (title is not null) form.Add(new StringContent(title), "title");
        file.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    public static MultipartFormDataContent Form(Guid? organizationId, byte[] bytes, string fileName = "clip.mp4", string? title = null) =>
        Form(organizationId, new ByteArrayContent(bytes), fileName, title);
}
