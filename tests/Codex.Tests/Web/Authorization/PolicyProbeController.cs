using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Codex.Tests.Web.Authorization;

/// <summary>
/// One page per policy, added to the site of the test fixtures: the studio and admin pages that will use the
/// organization and admin policies do not exist yet, and the matrix must cover every policy today. Each answers
/// "allowed" in the shape asked for, so a test sees exactly what the policy let through.
/// </summary>
[Route("/test-probes")]
public sealed class PolicyProbeController : Controller
{
    [HttpGet("signed-in")]
    [Authorize(Policy = Policies.SignedIn)]
    public IActionResult SignedIn() => Allowed();

    [HttpGet("platform-admin")]
    [Authorize(Policy = Policies.PlatformAdmin)]
    public IActionResult PlatformAdmin() => Allowed();

    [HttpGet("{org}/member")]
    [Authorize(Policy = Policies.OrganizationMember)]
    public IActionResult Member(string org) => Allowed();

    [HttpGet("{org}/creator")]
    [Authorize(Policy = Policies.OrganizationCreator)]
    public IActionResult Creator(string org) => Allowed();

    [HttpGet("{org}/admin")]
    [Authorize(Policy = Policies.OrganizationAdmin)]
    public IActionResult Admin(string org) => Allowed();

    [HttpGet("{org}/owner")]
    [Authorize(Policy = Policies.OrganizationOwner)]
    public IActionResult Owner(string org) => Allowed();

    private ContentResult Allowed() => Content(Request.WantsFragment()
        ? "<p id=\"probe\">allowed fragment</p>"
        : "<!DOCTYPE html><html><head><title>Probe</title></head><body><p id=\"probe\">allowed page</p></body></html>", "text/html");
}
