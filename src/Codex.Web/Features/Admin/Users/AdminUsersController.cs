using Codex.Contracts.Admin;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Users;

/// <summary>
/// <c>/admin/users</c> (platform admins): every account, searched and filtered with a plain GET form (htmx swaps the
/// results), and one page per account with its details and the actions, change role, disable and enable, each a
/// confirmation step with a required reason: its own page without JavaScript, in place on the account's page with
/// htmx. A done action redirects with a flash message; a refusal (oneself, the last admin, a deleted account) or a
/// missing reason is a 422 with the step and what was typed. The Admin-API enforces who may do what (ADR 028).
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin/users")]
public sealed class AdminUsersController(AdminClient admin) : FormController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] UsersQueryForm query, [FromServices] IValidator<UsersQueryForm> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(query, ct);
        UsersViewModel model;
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = new UsersViewModel(query, null, validation.ToDictionary().AsReadOnly());
        }
        else
        {
            try
            {
                model = new UsersViewModel(query, await admin.UsersAsync(query.ToQuery(), ct), new Dictionary<string, string[]>());
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = new UsersViewModel(query, null, new Dictionary<string, string[]>());
            }
        }
        return Request.WantsFragment() ? PartialView("_UsersResults", model) : View("Index", model);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        if (await admin.UserAsync(id, ct) is not { } details) return NotFound();
        var model = new UserViewModel(details, details.User.Id == User.UserId());
        return Request.WantsFragment() ? PartialView("_UserPanel", model) : View("Show", model);
    }

    [HttpGet("{id:guid}/disable")]
    public Task<IActionResult> Disable(Guid id, CancellationToken ct) => ConfirmAsync(id, UserAction.Disable, new UserActionForm(), ct);

    [HttpGet("{id:guid}/enable")]
    public Task<IActionResult> Enable(Guid id, CancellationToken ct) => ConfirmAsync(id, UserAction.Enable, new UserActionForm(), ct);

    /// <summary>The confirmation of a role change to <c>?role=</c> (the account page's role form is a GET to here).</summary>
    [HttpGet("{id:guid}/role")]
    public Task<IActionResult> Role(Guid id, string? role, CancellationToken ct) => ConfirmAsync(id, UserAction.Role, new UserActionForm { Role = role }, ct);

    [HttpPost("{id:guid}/disable")]
    [ActionName("Disable")]
    public Task<IActionResult> DisableConfirmed(Guid id, [FromForm] UserActionForm form, [FromServices] IValidator<UserActionForm> validator,
        CancellationToken ct) => ActAsync(id, UserAction.Disable, form, validator, ct);

    [HttpPost("{id:guid}/enable")]
    [ActionName("Enable")]
    public Task<IActionResult> EnableConfirmed(Guid id, [FromForm] UserActionForm form, [FromServices] IValidator<UserActionForm> validator,
        CancellationToken ct) => ActAsync(id, UserAction.Enable, form, validator, ct);

    [HttpPost("{id:guid}/role")]
    [ActionName("Role")]
    public Task<IActionResult> RoleConfirmed(Guid id, [FromForm] UserActionForm form, [FromServices] IValidator<UserActionForm> validator,
        CancellationToken ct) => ActAsync(id, UserAction.Role, form, validator, ct);

    private async Task<IActionResult> ConfirmAsync(Guid id, UserAction action, UserActionForm form, CancellationToken ct)
    {
        if (await admin.UserAsync(id, ct) is not { } details) return NotFound();
        if (action == UserAction.Role && form.RoleValue is null) return BadRequest();
        return FormPage("Confirm", "_UserActionConfirm", new UserActionViewModel(details, action, form));
    }

    private async Task<IActionResult> ActAsync(Guid id, UserAction action, UserActionForm form, IValidator<UserActionForm> validator, CancellationToken ct)
    {
        if (await admin.UserAsync(id, ct) is not { } details) return NotFound();
        if (action == UserAction.Role) form.Role ??= "";
        var before = details.User;
        return await SubmitAsync(form, validator, "Confirm", "_UserActionConfirm", async () =>
        {
            var after = await admin.UpdateUserAsync(id, form.ToRequest(action), ct);
            return Done(AdminUsersPaths.Show(id), Message(before, after, action));
        }, new UserActionViewModel(details, action, form));
    }

    private static string Message(AdminUserDto before, AdminUserDto after, UserAction action) => action switch
    {
        UserAction.Disable when before.DisabledAt is null => $"{after.Name} is disabled and was signed out everywhere.",
        UserAction.Disable => $"{after.Name} was already disabled; nothing changed.",
        UserAction.Enable when before.DisabledAt is not null => $"{after.Name} is enabled and can sign in again.",
        UserAction.Enable => $"{after.Name} was not disabled; nothing changed.",
        _ when before.Role != after.Role => $"{after.Name} is now {Shared.AdminOps.RoleWithArticle(after.Role)}.",
        _ => $"{after.Name} already had this role; nothing changed.",
    };
}
