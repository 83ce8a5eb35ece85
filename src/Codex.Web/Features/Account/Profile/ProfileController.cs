using Codex.Contracts.Identity;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Profile;

/// <summary>
/// <c>/account/profile</c>: the public profile (name, username, bio, website) and the avatar. The avatar has forms of
/// its own, plain multipart posts with or without JavaScript, like an organization's logo.
/// </summary>
[Authorize]
public sealed class ProfileController(IdentityClient identity) : FormController
{
    private const long MaxAvatarRequestBytes = ProfileRules.AvatarMaxBytes + 64 * 1024;
    private const string TooLarge = "That picture is larger than 2 MB. Choose a smaller one.";

    [HttpGet(SiteRoutes.AccountProfile)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var profile = await identity.GetProfileAsync(ct);
        return FormPage("Index", "_ProfileDetailsForm", new ProfilePageViewModel(profile, ProfileDetailsForm.From(profile)));
    }

    [HttpPost(SiteRoutes.AccountProfile)]
    [Consumes("application/x-www-form-urlencoded")]
    public async Task<IActionResult> Save([FromForm] ProfileDetailsForm form, [FromServices] IValidator<ProfileDetailsForm> validator, CancellationToken ct)
    {
        var profile = await identity.GetProfileAsync(ct);
        return await SubmitAsync(form, validator, "Index", "_ProfileDetailsForm", async () =>
        {
            var saved = await identity.UpdateProfileAsync(form.ToRequest(), ct);
            return Done(SiteRoutes.AccountProfile, saved.Username is { } username
                ? $"Your profile is saved. Your public page is {SiteRoutes.UserPath(username)}."
                : "Your profile is saved.");
        }, new ProfilePageViewModel(profile, form));
    }

    /// <summary>
    /// A new avatar: checked by the Identity-API (by content, at most 2 MB), then back to the page. The upload posts to
    /// the page's own address (a multipart body tells it from the details form), so a refused picture leaves the address
    /// bar on <c>/account/profile</c> (issue 15, item 12).
    /// </summary>
    [HttpPost(SiteRoutes.AccountProfile)]
    [Consumes("multipart/form-data")]
    [RequestSizeLimit(MaxAvatarRequestBytes)]
    public async Task<IActionResult> UploadAvatar(IFormFile? file, CancellationToken ct)
    {
        string problem;
        if (file is null || file.Length == 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            problem = "Choose a picture to upload.";
        }
        else if (file.Length > ProfileRules.AvatarMaxBytes)
        {
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            problem = TooLarge;
        }
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await identity.UploadAvatarAsync(stream, file.FileName, ct);
                return Done(SiteRoutes.AccountProfile, "Your picture is uploaded.");
            }
            catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge)
            {
                Response.StatusCode = e.Status;
                problem = e.Status == StatusCodes.Status413PayloadTooLarge ? TooLarge : e.FirstFieldMessage() ?? e.Error.Message;
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                problem = "We couldn't store the picture just now. Nothing changed; try again in a moment.";
            }
        }
        var profile = await identity.GetProfileAsync(ct);
        return View("Index", new ProfilePageViewModel(profile, ProfileDetailsForm.From(profile), problem));
    }

    [HttpPost(SiteRoutes.AccountProfile + "/avatar/delete")]
    public async Task<IActionResult> RemoveAvatar(CancellationToken ct)
    {
        await identity.DeleteAvatarAsync(ct);
        return Done(SiteRoutes.AccountProfile, "Your picture is removed.");
    }
}
