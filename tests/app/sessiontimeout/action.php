<?php
/**
 * tests/app: the glue between DokuWiki and mod_session_timeout, as an
 * administrator would write it (it is a test fixture, not shipped):
 *
 * - the login form posts to doku.php?do=login, the URL httpd makes public
 *   (<If "%{QUERY_STRING} =~ /(^|&)do=login(&|$)/">), with the module's
 *   return_to carried along;
 * - a successful sign-in answers with "X-Session-Start: USER" (the module's
 *   SessionTimeoutStartHeader) and goes back to return_to when it is a
 *   local path; signing out answers with "X-Session-End: 1".
 */

use dokuwiki\Extension\ActionPlugin;
use dokuwiki\Extension\Event;
use dokuwiki\Extension\EventHandler;

class action_plugin_sessiontimeout extends ActionPlugin
{
    public function register(EventHandler $controller)
    {
        $controller->register_hook('FORM_LOGIN_OUTPUT', 'BEFORE', $this, 'loginForm');
        $controller->register_hook('AUTH_LOGIN_CHECK', 'AFTER', $this, 'loginCheck');
        $controller->register_hook('ACTION_ACT_PREPROCESS', 'BEFORE', $this, 'logout');
    }

    /** A local path: one leading '/', no backslash, no control characters. */
    private static function localPath($p)
    {
        return is_string($p) && preg_match('#^/(?![/\\\\])[^\\\\\\x00-\\x20\\x7f]*$#', $p) === 1;
    }

    public function loginForm(Event $event)
    {
        global $ID, $INPUT;
        $form = $event->data;
        $form->attr('action', wl($ID, ['do' => 'login'], false, '&'));
        $back = $INPUT->str('return_to');
        if (self::localPath($back)) {
            $form->setHiddenField('return_to', $back);
        }
    }

    public function loginCheck(Event $event)
    {
        global $INPUT;
        if ($INPUT->server->str('REQUEST_METHOD') !== 'POST' || $event->data['user'] === '' ||
            !$event->result || $INPUT->server->str('REMOTE_USER') === '') {
            return;
        }
        header('X-Session-Start: ' . $INPUT->server->str('REMOTE_USER'));
        $back = $INPUT->post->str('return_to');
        if (self::localPath($back)) {
            send_redirect($back);
        }
    }

    public function logout(Event $event)
    {
        if ($event->data === 'logout') {
            header('X-Session-End: 1');
        }
    }
}
