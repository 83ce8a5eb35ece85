using Codex.Contracts.Identity;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The worker's JSON export of an account, streamed through: dispose it once the body is copied.</summary>
public sealed class AccountExportDownload(IFlurlResponse response, Stream body, string fileName) : IDisposable
{
    public Stream Body { get; } = body;
    public string FileName { get; } = fileName;

    public void Dispose()
    {
        Body.Dispose();
        response.Dispose();
    }
}

public sealed partial class IdentityClient
{
    public Task<ProfileDto> GetProfileAsync(CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Read, IdentityRoutes.Profile).GetJsonAsync<DataEnvelope<ProfileDto>>(cancellationToken: token)).Data, ct);

    public Task<ProfileDto> UpdateProfileAsync(UpdateProfileFieldsRequest request, CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Form, IdentityRoutes.Profile).PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<ProfileDto>>()).Data, ct);

    /// <summary><c>POST /api/user/avatar</c>: the file goes on as it came; the worker decides by content what it is (400 on <c>file</c>, 413 when larger).</summary>
    public async Task<ProfileDto> UploadAvatarAsync(Stream file, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, ProfileRules.AvatarField, string.IsNullOrWhiteSpace(fileName) ? "avatar" : fileName);
        return (await CallAsync(token => Request(CallBudget.Form, IdentityRoutes.Avatar).PostAsync(form, cancellationToken: token)
            .ReceiveJson<DataEnvelope<ProfileDto>>(), ct)).Data;
    }

    public Task DeleteAvatarAsync(CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, IdentityRoutes.Avatar).DeleteAsync(cancellationToken: token), ct);

    /// <summary>A person's public profile; null for a username nobody (visible) has.</summary>
    public Task<PublicProfileDto?> GetPublicProfileAsync(string username, CancellationToken ct) => CallAsync(async token =>
    {
        try
        {
            return (await Request(CallBudget.Read, IdentityRoutes.PublicProfile, username)
                .GetJsonAsync<DataEnvelope<PublicProfileDto>>(cancellationToken: token)).Data;
        }
        catch (FlurlHttpException e) when (e.StatusCode == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }, ct);

    public Task ChangeEmailAsync(ChangeEmailRequest request, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, IdentityRoutes.EmailChange).PostJsonAsync(request, cancellationToken: token), ct);

    public Task ConfirmEmailChangeAsync(string token, CancellationToken ct) =>
        CallAsync(t => Request(CallBudget.Form, IdentityRoutes.EmailChangeConfirm).PostJsonAsync(new ConfirmEmailChangeRequest(token), cancellationToken: t), ct);

    public Task<IReadOnlyList<AccountSessionDto>> SessionsAsync(CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Read, IdentityRoutes.Sessions).GetJsonAsync<DataEnvelope<IReadOnlyList<AccountSessionDto>>>(cancellationToken: token)).Data, ct);

    public Task<EndedSessionsDto> EndOtherSessionsAsync(CancellationToken ct) => CallAsync(async token =>
        (await Request(CallBudget.Form, IdentityRoutes.Sessions).DeleteAsync(cancellationToken: token).ReceiveJson<DataEnvelope<EndedSessionsDto>>()).Data, ct);

    public Task EndSessionAsync(Guid id, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, IdentityRoutes.Session, id).DeleteAsync(cancellationToken: token), ct);

    public Task DeleteAccountAsync(DeleteAccountRequest request, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, IdentityRoutes.Account).SendJsonAsync(HttpMethod.Delete, request, cancellationToken: token), ct);

    /// <summary><c>GET /api/user/export</c>, streamed: the caller copies <see cref="AccountExportDownload.Body"/> to the browser.</summary>
    public Task<AccountExportDownload> ExportAsync(CancellationToken ct) => CallAsync(async token =>
    {
        var response = await Request(CallBudget.Crawl, IdentityRoutes.Export)
            .SendAsync(HttpMethod.Get, completionOption: HttpCompletionOption.ResponseHeadersRead, cancellationToken: token);
        var name = response.ResponseMessage.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.ResponseMessage.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "codex-account.json";
        return new AccountExportDownload(response, await response.GetStreamAsync(), name);
    }, ct);
}
