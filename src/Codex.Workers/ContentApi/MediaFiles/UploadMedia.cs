using System.Text;
using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Management;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary>
/// <c>POST /api/media</c> (<c>multipart/form-data</c>: <c>organizationId</c>, <c>title?</c>, then <c>file</c>). The body is
/// read part by part with <see cref="MultipartReader"/> and the file streams straight into the store: never into
/// memory, nor into a temporary file as <c>Request.Form</c> would. Its type is decided by its first bytes
/// (<see cref="MediaSniffer"/>). Over <c>Media:MaxUploadBytes</c> is a 413, checked on <c>Content-Length</c> before
/// reading and on the bytes as they come. The store writes whole files or nothing, and a failure after the file is
/// stored (a broken end of the form, the database) deletes it, so a refused or broken upload leaves nothing. A stored
/// file gets its row and its transcoding job in one transaction.
/// </summary>
public static class UploadMedia
{
    /// <summary>Room for the multipart framing and the text fields around the file.</summary>
    private const long FormOverhead = 64 * 1024;
    /// <summary>The most bytes a text field may have (a title of 500 characters fits in any encoding).</summary>
    private const int FieldMaxBytes = 4 * MediaRules.TitleMax;

    public static async Task<IResult> HandleAsync(HttpContext http, CodexDbContext db, CurrentUser currentUser, ContentManagers managers,
        MediaLibrary library, IMediaStore store, UploadOptions options, TimeProvider clock, LiveEvents live, CancellationToken ct)
    {
        // Kestrel's own limit (30 MB) suits JSON bodies; this route takes files up to the configured size. It must be
        // raised before the body is read.
        var bodyLimit = options.MaxUploadBytes + FormOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = bodyLimit;
        await currentUser.RequireAsync(ct);
        if (http.Request.ContentLength > bodyLimit) throw TooLarge(options);
        var boundary = BoundaryOf(http.Request.ContentType)
            ?? throw ApiException.Validation(UploadMediaFields.File, "Send the file as multipart/form-data.");

        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null }; // the file is counted below
        Guid? organizationId = null;
        string? title = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            var (name, disposition) = NameOf(section);
            if (name == UploadMediaFields.File && disposition!.IsFileDisposition()) break;
            if (name == UploadMediaFields.OrganizationId)
                organizationId = Guid.TryParseExact(await FieldAsync(section, name, ct), "D", out var id) ? id
                    : throw ApiException.Validation(name, "Expected a UUID.");
            else if (name == UploadMediaFields.Title) title = CheckTitle(await FieldAsync(section, name, ct));
            // Other parts are skipped: the reader drains them, within the body limit.
        }
        if (section is null) throw ApiException.Validation(UploadMediaFields.File, "Choose a file to upload.");
        if (organizationId is not { } organization)
            throw ApiException.Validation(UploadMediaFields.OrganizationId, "Send the organization before the file.");
        var user = await managers.RequireOfOrganizationAsync(organization, ct);

        var header = new byte[MediaSniffer.HeaderLength];
        var headerLength = await section.Body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        var type = MediaSniffer.Sniff(header.AsSpan(0, headerLength)) ?? throw ApiException.Validation(UploadMediaFields.File,
            "This is not a video or audio file we can take: upload MP4, MOV, M4A, WebM, MP3, WAV, Ogg or FLAC.");
        var fileName = FileNameOf(NameOf(section).Disposition!);

        var mediaId = Guid.NewGuid();
        var key = MediaLibrary.SourceKey(organization, mediaId, type.Extension);
        var file = new UploadStream(header.AsMemory(0, headerLength), section.Body, options);
        var stored = false;
        try
        {
            var size = await store.SaveAsync(key, file, type.MimeType, ct);
            stored = true;
            // Read the form to its end, so that a body cut off after the file is refused too; a title may follow the file.
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
                if (NameOf(section).Name == UploadMediaFields.Title) title = CheckTitle(await FieldAsync(section, UploadMediaFields.Title, ct));

            var now = clock.StoredNow();
            var media = new MediaItem
            {
                Id = mediaId, OrganizationId = organization, CreatorId = user.Id, Title = title ?? TitleFrom(fileName), Kind = type.Kind,
                Status = MediaStatus.Uploaded, StorageKey = key, MimeType = type.MimeType, SizeBytes = size,
                OriginalFileName = fileName, CreatedAt = now, UpdatedAt = now,
            };
            db.Media.Add(media);
            db.TranscodingJobs.Add(new TranscodingJob
            {
                Id = Guid.NewGuid(), MediaId = mediaId, Status = TranscodingJobStatus.Queued, Attempts = 0, NextAttemptAt = now,
                CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await live.MediaStatusAsync(organization, mediaId, MediaStatus.Uploaded, null, ct); // the team's other open media pages
            return Results.Json(new DataEnvelope<MediaDto>(library.DtoOf(media)), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch when (stored)
        {
            // Not the request's token: a client that went away must not leave its file behind.
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    private static ApiException TooLarge(UploadOptions options) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
            $"The file is too large: the most we take is {Megabytes(options.MaxUploadBytes)}.");

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes} bytes";

    private static string? BoundaryOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)) return null;
        var boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }

    private static (string? Name, ContentDispositionHeaderValue? Disposition) NameOf(MultipartSection section)
    {
        var disposition = section.GetContentDispositionHeader();
        return (disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value, disposition);
    }

    /// <summary>A text field's value, read with a cap (a 400 on the field past it).</summary>
    private static async Task<string> FieldAsync(MultipartSection section, string name, CancellationToken ct)
    {
        var buffer = new byte[FieldMaxBytes + 1];
        var length = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        if (length > FieldMaxBytes) throw ApiException.Validation(name, $"Use at most {MediaRules.TitleMax} characters.");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>A given title, trimmed; null when blank (the file's name is used then).</summary>
    private static string? CheckTitle(string value)
    {
        var title = Input.Clean(value);
        if (title is { Length: > MediaRules.TitleMax })
            throw ApiException.Validation(UploadMediaFields.Title, $"Use at most {MediaRules.TitleMax} characters.");
        return title;
    }

    /// <summary>The file's name as the client gave it, without any folder (some browsers send a full path).</summary>
    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        var name = raw?.Split('/', '\\')[^1].Trim();
        return string.IsNullOrEmpty(name) ? null : name.Length > MediaRules.TitleMax ? name[..MediaRules.TitleMax] : name;
    }

    private static string TitleFrom(string? fileName) =>
        Input.Clean(Path.GetFileNameWithoutExtension(fileName)) ?? Input.Clean(fileName) ?? "Untitled";

    /// <summary>
    /// The file as the store reads it: the sniffed header, then the rest of the part, counted; past
    /// <c>Media:MaxUploadBytes</c> the read fails with a 413, and the store keeps nothing of it.
    /// </summary>
    private sealed class UploadStream(ReadOnlyMemory<byte> header, Stream rest, UploadOptions options) : Stream
    {
        private ReadOnlyMemory<byte> _header = header;
        private long _count;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            if (!_header.IsEmpty)
            {
                read = Math.Min(buffer.Length, _header.Length);
                _header[..read].CopyTo(buffer);
                _header = _header[read..];
            }
            else read = await rest.ReadAsync(buffer, cancellationToken);
            _count += read;
            return _count > options.MaxUploadBytes ? throw TooLarge(options) : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
